namespace Dashop.Web.Features.Reauthentication;

/// <summary>The fields of the re-authentication page's forms; each form posts the ones it needs.</summary>
public sealed class ReauthenticationForm
{
    public string? Password { get; set; }
    public string? Code { get; set; }
    public string? ReturnUrl { get; set; }
}
