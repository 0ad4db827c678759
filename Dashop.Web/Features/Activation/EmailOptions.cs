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

    /// <summary>How long an activation link works (3 days, as in the seed).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00", ErrorMessage = "Email:ActivationLinkLifetime must be between 00:05:00 and 30.00:00:00.")]
    public TimeSpan ActivationLinkLifetime { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The shortest wait between two activation links asked for by one account.</summary>
    [Range(1, 3600, ErrorMessage = "Email:ResendCooldownSeconds must be between 1 and 3600.")]
    public int ResendCooldownSeconds { get; set; } = 60;

    /// <summary>Activation links one account may ask for in a (China) day.</summary>
    [Range(1, 100, ErrorMessage = "Email:MaxResendsPerDay must be between 1 and 100.")]
    public int MaxResendsPerDay { get; set; } = 5;

    /// <summary>
    /// Activation e-mails one address may be sent in a (China) day, over every account that names it: anyone can type
    /// someone else's address at sign-up. The default leaves room for one registration and <see cref="MaxResendsPerDay"/> resends.
    /// </summary>
    [Range(1, 100, ErrorMessage = "Email:MaxActivationEmailsPerAddressPerDay must be between 1 and 100.")]
    public int MaxActivationEmailsPerAddressPerDay { get; set; } = 6;

    /// <summary>Confirmation links for a new address (a change of e-mail on /account) one address may be sent in a (China) day.</summary>
    [Range(1, 100, ErrorMessage = "Email:MaxChangeEmailsPerAddressPerDay must be between 1 and 100.")]
    public int MaxChangeEmailsPerAddressPerDay { get; set; } = 5;

    /// <summary>Confirmation links for a new address asked for from one network in a (China) hour.</summary>
    [Range(1, 10000, ErrorMessage = "Email:MaxChangeEmailsPerIpPerHour must be between 1 and 10000.")]
    public int MaxChangeEmailsPerIpPerHour { get; set; } = 20;

    /// <summary>
    /// Account notices (password changed, provider linked, ...) one address may be sent in a (China) day: nobody floods an
    /// inbox by changing things back and forth.
    /// </summary>
    [Range(1, 100, ErrorMessage = "Email:MaxNoticesPerAddressPerDay must be between 1 and 100.")]
    public int MaxNoticesPerAddressPerDay { get; set; } = 5;
}
