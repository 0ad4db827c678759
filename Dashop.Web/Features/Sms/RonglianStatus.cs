using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Features.Deliveries;

namespace Dashop.Web.Features.Sms;

/// <summary>What each Ronglian <c>statusCode</c> means for us (spec §7).</summary>
public static class RonglianStatus
{
    public const string Accepted = "000000";
    public const string Duplicate = "160054";
    public const string TimestampExpired = "161106";

    private static readonly HashSet<string> Recipient = ["160042", "160013", "112300", "112306", "112317"];
    private static readonly HashSet<string> ProviderLimit = ["160038", "160039", "160040", "160041", "112314"];
    private static readonly HashSet<string> Configuration = ["112310", "112305", "112323", "160032", "160043", "113302", "160053"];

    public static SendResult Classify(string statusCode, string? statusMsg, string? providerId, bool isRetry)
    {
        if (statusCode == Accepted || (statusCode == Duplicate && isRetry))
            return SendResult.Sent(providerId);
        if (statusCode == TimestampExpired)
            return new SendResult(SendOutcome.Transient, ErrorCode: statusCode, Error: statusMsg);
        if (IsInRange(statusCode, 160001, 160010) || IsInRange(statusCode, 161000, 161024))
            return new SendResult(SendOutcome.Transient, ErrorCode: statusCode, Error: statusMsg);
        if (Recipient.Contains(statusCode))
            return Failed(statusCode, statusMsg, DeliveryFailure.Recipient);
        if (ProviderLimit.Contains(statusCode))
            return Failed(statusCode, statusMsg, DeliveryFailure.ProviderLimit);
        if (Configuration.Contains(statusCode) || IsInRange(statusCode, 161100, 161108))
            return Failed(statusCode, statusMsg, DeliveryFailure.Configuration);
        // An answer we do not know: sending again could send twice, so stop and show it to the admin.
        return Failed(statusCode, statusMsg, DeliveryFailure.Configuration);
    }

    private static SendResult Failed(string code, string? message, DeliveryFailure failure) =>
        new(SendOutcome.Failed, ErrorCode: code, Error: message, Failure: failure);

    private static bool IsInRange(string code, int low, int high) =>
        code.Length == 6 && int.TryParse(code, out var value) && value >= low && value <= high;
}
