namespace Dashop.Contracts;

/// <summary>Asks a consumer to e-mail an activation link. Everything the e-mail needs is here, the link absolute.</summary>
public sealed record SendActivationEmail(Guid DeliveryId, string To, string UserName, string Link, string Culture);
