using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Features.Activation;

public enum EmailProvider
{
    Smtp,
    DevInbox,
}

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

public sealed class EmailOptions
{
    public const string SectionName = "Email";

    [EnumDataType(typeof(EmailProvider))]
    public EmailProvider Provider { get; set; } = EmailProvider.Smtp;

    [Required(ErrorMessage = "Email:From is required."), EmailAddress(ErrorMessage = "Email:From must be an e-mail address.")]
    public string From { get; set; } = "no-reply@dashop.local";

    public string FromName { get; set; } = "Dashop";

    [Range(1, 20, ErrorMessage = "Email:MaxSendAttempts must be between 1 and 20.")]
    public int MaxSendAttempts { get; set; } = 6;
}

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
