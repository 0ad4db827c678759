using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Features.Sms;

public sealed class RonglianOptions
{
    public const string SectionName = "Sms:Ronglian";

    [Required, Url(ErrorMessage = "Sms:Ronglian:BaseUrl must be an absolute URL.")]
    public string BaseUrl { get; set; } = "https://app.cloopen.com:8883";

    public string AccountSid { get; set; } = "";
    public string AuthToken { get; set; } = "";
    public string AppId { get; set; } = "";
    public string TemplateId { get; set; } = "";

    /// <summary>A template per purpose (<c>Sms:Ronglian:Templates:login</c>, ...), falling back to <see cref="TemplateId"/>.</summary>
    public Dictionary<string, string> Templates { get; set; } = new(StringComparer.Ordinal);

    public string TemplateFor(SmsPurpose purpose) =>
        Templates.TryGetValue(purpose.Name(), out var template) && !string.IsNullOrWhiteSpace(template) ? template : TemplateId;

    [Range(1, 120, ErrorMessage = "Sms:Ronglian:TimeoutSeconds must be between 1 and 120.")]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>The keys that must be set when <c>Sms:Provider</c> is Ronglian; null when all are.</summary>
    public string? MissingKey() =>
        string.IsNullOrWhiteSpace(AccountSid) ? "Sms:Ronglian:AccountSid"
        : string.IsNullOrWhiteSpace(AuthToken) ? "Sms:Ronglian:AuthToken"
        : string.IsNullOrWhiteSpace(AppId) ? "Sms:Ronglian:AppId"
        : string.IsNullOrWhiteSpace(TemplateId) ? "Sms:Ronglian:TemplateId"
        : null;
}
