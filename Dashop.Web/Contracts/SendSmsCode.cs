namespace Dashop.Contracts;

/// <summary>Asks a consumer to deliver a verification code. <paramref name="DeliveryId"/> is also Ronglian's reqId.</summary>
public sealed record SendSmsCode(Guid DeliveryId, string Phone, string Code, int ValidMinutes, DateTime ExpiresAtUtc);
