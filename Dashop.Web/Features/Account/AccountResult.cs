namespace Dashop.Web.Features.Account;

/// <summary>What an account-page action did: success, or the form field at fault and a message (a resource key).</summary>
public sealed record AccountResult(bool Succeeded, string? Field = null, string? Message = null)
{
    public static readonly AccountResult Ok = new(true);

    public static AccountResult Fail(string field, string message) => new(false, field, message);
}
