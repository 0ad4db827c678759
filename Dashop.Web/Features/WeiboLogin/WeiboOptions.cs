using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Features.WeiboLogin;

/// <summary>
/// The Weibo application (spec §2, §8). With no <c>Weibo:ClientId</c>, Development uses the built-in simulator
/// (<see cref="WeiboSimulator"/>) and other environments have no Weibo login.
/// </summary>
public sealed class WeiboOptions : IValidatableObject
{
    public const string SectionName = "Weibo";

    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";

    [Required, Url(ErrorMessage = "Weibo:AuthorizationEndpoint must be an absolute URL.")]
    public string AuthorizationEndpoint { get; set; } = "https://api.weibo.com/oauth2/authorize";

    [Required, Url(ErrorMessage = "Weibo:TokenEndpoint must be an absolute URL.")]
    public string TokenEndpoint { get; set; } = "https://api.weibo.com/oauth2/access_token";

    [Required, Url(ErrorMessage = "Weibo:UserInformationEndpoint must be an absolute URL.")]
    public string UserInformationEndpoint { get; set; } = "https://api.weibo.com/2/users/show.json";

    /// <summary>
    /// The dadashop front end's callback page (its <c>callback.html</c>): the <c>redirect_uri</c> of the /v1 flow.
    /// It must be registered with the Weibo application, like the site's own <c>/signin-weibo</c>.
    /// </summary>
    [Required, Url(ErrorMessage = "Weibo:FrontEndCallbackUrl must be an absolute URL.")]
    public string FrontEndCallbackUrl { get; set; } = "http://localhost:7000/dadashop/templates/callback.html";

    [Range(1, 60, ErrorMessage = "Weibo:TimeoutSeconds must be between 1 and 60.")]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary><c>GET /v1/users/weibo/authorization</c> calls per client address per minute, per instance.</summary>
    [Range(1, 100_000, ErrorMessage = "Weibo:AuthorizationsPerMinutePerIp must be between 1 and 100000.")]
    public int AuthorizationsPerMinutePerIp { get; set; } = 20;

    public bool Enabled => !string.IsNullOrWhiteSpace(ClientId);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && string.IsNullOrWhiteSpace(ClientSecret))
            yield return new ValidationResult("Weibo:ClientSecret is required when Weibo:ClientId is set.", [nameof(ClientSecret)]);
    }
}
