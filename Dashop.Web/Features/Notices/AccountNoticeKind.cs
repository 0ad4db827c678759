namespace Dashop.Web.Features.Notices;

/// <summary>The account notices (spec §11), as <see cref="Contracts.SendAccountNotice.Kind"/> and the delivery's purpose name them.</summary>
public static class AccountNoticeKind
{
    public const string PasswordChanged = "password-changed";
    public const string PhoneChanged = "phone-changed";
    public const string EmailChanged = "email-changed";
    public const string AccountDeleted = "account-deleted";
}
