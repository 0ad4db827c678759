namespace Dashop.Contracts;

/// <summary>Asks a consumer to tell an account's confirmed address that its password was changed.</summary>
public sealed record SendPasswordChangedEmail(Guid DeliveryId, string To, string UserName, DateTimeOffset ChangedAt, string Culture);
