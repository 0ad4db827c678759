namespace Dashop.Contracts;

/// <summary>
/// Asks a consumer to e-mail an activation link. Everything the e-mail needs is here, the link absolute and under Data
/// Protection (purpose "activation-link", one day): it is never in clear on the bus.
/// </summary>
public sealed record SendActivationEmail(Guid DeliveryId, string To, string UserName, string ProtectedLink, string Culture);
