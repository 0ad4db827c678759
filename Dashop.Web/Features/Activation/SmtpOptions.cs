using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Features.Activation;

public sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    public string Host { get; set; } = "";

    [Range(1, 65535, ErrorMessage = "Smtp:Port must be between 1 and 65535.")]
    public int Port { get; set; } = 587;

    public string Username { get; set; } = "";
    public string Password { get; set; } = "";

    [EnumDataType(typeof(SmtpSecurity))]
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    [Range(1, 120, ErrorMessage = "Smtp:TimeoutSeconds must be between 1 and 120.")]
    public int TimeoutSeconds { get; set; } = 15;
}
