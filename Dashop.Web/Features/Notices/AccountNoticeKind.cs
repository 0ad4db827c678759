namespace Dashop.Web.Features.Notices;

/// <summary>The account notices (spec §11), as <see cref="Contracts.SendAccountNotice.Kind"/> and the delivery's purpose name them.</summary>
public static class AccountNoticeKind
{
    public const string PasswordChanged = "password-changed";
    public const string PhoneChanged = "phone-changed";
    public const string EmailChanged = "email-changed";
    public const string AccountDeleted = "account-deleted";

    /// <summary>A sign-in provider was linked to or unlinked from the account; the notice's detail names the provider (its scheme, "Weibo").</summary>
    public const string ProviderLinked = "provider-linked";
    public const string ProviderUnlinked = "provider-unlinked";
}
