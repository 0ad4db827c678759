using Microsoft.AspNetCore.WebUtilities;

namespace Dashop.Web.Features.ExternalLogin.Providers;

/// <summary>What Development's provider simulators share: which redirect_uri they accept, and the people their page offers.</summary>
public static class Simulators
{
    /// <summary>Only the site's own callback path, on the address the browser used or the site's public one (as a provider checks the registered domain).</summary>
    public static bool RedirectAllowed(string? redirectUri, string callbackPath, string publicBaseUrl, HttpRequest request)
    {
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return false;
        var site = new Uri(publicBaseUrl);
        return uri.AbsolutePath == callbackPath
            && (string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase) || string.Equals(uri.Authority, site.Authority, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The authorization page's model: the known people and, first, the one typed in by name; each a link to
    /// <paramref name="grantPath"/> with the authorize parameters and the person's name.
    /// </summary>
    public static SimulatorPageViewModel Page(string provider, string? problem, string authorizePath, string grantPath,
        IReadOnlyDictionary<string, string?> parameters, IReadOnlyList<SimulatedPerson> people, SimulatedPerson? typed) =>
        new()
        {
            Provider = provider,
            Problem = problem,
            People = (typed is null ? people : [typed, .. people.Where(p => p.Subject != typed.Subject)])
                .Select(p => (p, QueryHelpers.AddQueryString(grantPath, parameters.Append(new("name", p.Name)).Where(f => f.Value is not null))))
                .ToList(),
            FormAction = authorizePath,
            FormFields = parameters,
        };
}
