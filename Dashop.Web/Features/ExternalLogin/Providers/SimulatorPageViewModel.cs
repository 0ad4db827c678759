namespace Dashop.Web.Features.ExternalLogin.Providers;

/// <summary>
/// A provider simulator's authorization page: the people to log in as (each a plain link to the grant, never a form, because
/// the site's CSP allows forms to post only to itself), and a GET form to add a person by name.
/// </summary>
public sealed class SimulatorPageViewModel
{
    /// <summary>The provider's name as a resource key ("QQ", "Alipay").</summary>
    public required string Provider { get; init; }

    /// <summary>Why the request cannot be authorized (the provider's own wording), or null.</summary>
    public string? Problem { get; init; }

    public IReadOnlyList<(SimulatedPerson Person, string GrantUrl)> People { get; init; } = [];

    /// <summary>The authorize page's path and its parameters, for the "add a person by name" form.</summary>
    public string FormAction { get; init; } = "";

    public IReadOnlyDictionary<string, string?> FormFields { get; init; } = new Dictionary<string, string?>();

    public const string ViewPath = "/Features/ExternalLogin/Providers/SimulatorPage.cshtml";
}
