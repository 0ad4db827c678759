namespace Dashop.Web.Infrastructure.Data;

/// <summary>One SMS or e-mail, from the consumer's first attempt to its end. Recipients are stored masked.</summary>
public sealed class Delivery
{
    public Guid Id { get; set; }
    public DeliveryChannel Channel { get; set; }
    public required string Provider { get; set; }
    public required string MaskedRecipient { get; set; }

    /// <summary>
    /// A keyed hash of the recipient (phone in E.164, or e-mail address in lower case), so that a person's deliveries can
    /// be found for "download my data" and "delete my account" while the record itself keeps only the masked recipient.
    /// Cleared when the account is deleted.
    /// </summary>
    public string? RecipientKey { get; set; }

    /// <summary>What the message was for: an SMS code's purpose (register, login, reset, change_phone, reauth) or an e-mail's kind.</summary>
    public string? Purpose { get; set; }
    public DeliveryStatus Status { get; set; }
    public DeliveryFailure Failure { get; set; }
    public string? ProviderMessageId { get; set; }
    public string? ErrorCode { get; set; }
    public string? Error { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public DateTime? CompletedAtUtc { get; set; }
}
