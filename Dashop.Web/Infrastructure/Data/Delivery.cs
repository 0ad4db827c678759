namespace Dashop.Web.Infrastructure.Data;

/// <summary>One SMS or e-mail, from the consumer's first attempt to its end. Recipients are stored masked.</summary>
public sealed class Delivery
{
    public Guid Id { get; set; }
    public DeliveryChannel Channel { get; set; }
    public required string Provider { get; set; }
    public required string MaskedRecipient { get; set; }
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
