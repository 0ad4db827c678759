namespace Dashop.Web.Features.SignIn;

/// <summary>A sign-in provider the login page offers: its authentication scheme, its name for people, and where its button leads.</summary>
public sealed record ExternalProvider(string Scheme, string DisplayName)
{
    /// <summary>The lower-case scheme: the button's id prefix and the last segment of its login path.</summary>
    public string Id => Scheme.ToLowerInvariant();

    /// <summary>Each provider feature serves its challenge at <c>/login/{id}</c>.</summary>
    public string LoginPath => "/login/" + Id;
}
