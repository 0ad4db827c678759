namespace Dashop.Web.Features.Api;

/// <summary>The origins of the dadashop front end that may call /v1 from a browser.</summary>
public sealed class FrontEndCorsOptions
{
    public const string SectionName = "Cors";

    public string[] AllowedOrigins { get; set; } = [];
}
