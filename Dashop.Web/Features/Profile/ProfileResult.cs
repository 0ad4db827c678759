namespace Dashop.Web.Features.Profile;

/// <summary>What an account-page action did: success, or the form field at fault and a message (a resource key).</summary>
public sealed record ProfileResult(bool Succeeded, string? Field = null, string? Message = null)
{
    public static readonly ProfileResult Ok = new(true);

    public static ProfileResult Fail(string field, string message) => new(false, field, message);
}
