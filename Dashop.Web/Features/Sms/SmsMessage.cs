namespace Dashop.Web.Features.Sms;

public sealed record SmsMessage(Guid DeliveryId, string PhoneE164, string Code, int ValidMinutes, SmsPurpose Purpose, bool IsRetry);
