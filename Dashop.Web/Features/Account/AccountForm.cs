namespace Dashop.Web.Features.Account;

/// <summary>The fields of the account page's forms; each form posts the ones it needs.</summary>
public sealed class AccountForm
{
    public string? Password { get; set; }
    public string? NewPassword { get; set; }
    public string? Phone { get; set; }
    public string? Verify { get; set; }
    public string? Email { get; set; }
    public string? UserName { get; set; }
}
