namespace Dashop.Contracts;

/// <summary>
/// Asks a consumer to e-mail a password reset link to one account's confirmed address. The link is absolute and under
/// Data Protection (purpose "password-reset-link", one hour): it is never in clear on the bus.
/// </summary>
public sealed record SendPasswordResetEmail(Guid DeliveryId, string To, string UserName, string ProtectedLink, string Culture);
