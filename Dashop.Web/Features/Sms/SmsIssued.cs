namespace Dashop.Web.Features.Sms;

/// <summary>A code on its way: the delivery that carries it (followed at /sms/deliveries/{id}) and the wait before the next.</summary>
public sealed record SmsIssued(Guid DeliveryId, int CooldownSeconds);
