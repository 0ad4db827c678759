namespace Dashop.Contracts;

/// <summary>
/// Asks a consumer to deliver a verification code. <paramref name="DeliveryId"/> is also Ronglian's reqId.
/// <paramref name="ProtectedCode"/> is the code under Data Protection (purpose "sms-code", expiring with the code): it is
/// never in clear on the bus. <paramref name="Purpose"/> is register, login, reset, change_phone or reauth.
/// </summary>
public sealed record SendSmsCode(Guid DeliveryId, string Phone, string ProtectedCode, int ValidMinutes, DateTime ExpiresAtUtc, string Purpose);
