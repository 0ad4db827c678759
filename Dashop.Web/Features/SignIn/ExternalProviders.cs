using Microsoft.AspNetCore.Authentication;

namespace Dashop.Web.Features.SignIn;

/// <summary>
/// The external sign-in schemes registered in this process, as <c>SignInManager.GetExternalAuthenticationSchemesAsync</c> lists
/// them: those with a display name. A provider feature registers its scheme only when it is configured or simulated.
/// </summary>
public static class ExternalProviders
{
    public const string ViewDataKey = "ExternalProviders";

    public static async Task<IReadOnlyList<ExternalProvider>> ListAsync(IAuthenticationSchemeProvider schemes) =>
        (await schemes.GetAllSchemesAsync())
            .Where(s => !string.IsNullOrEmpty(s.DisplayName))
            .Select(s => new ExternalProvider(s.Name, s.DisplayName!))
            .ToList();
}
