using System.ComponentModel.DataAnnotations;

namespace Dashop.Web.Features.Activation;

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
