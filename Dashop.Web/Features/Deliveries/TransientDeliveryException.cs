namespace Dashop.Web.Features.Deliveries;

/// <summary>Thrown for a transient provider failure so that the endpoint's retry policy tries again.</summary>
public sealed class TransientDeliveryException(string message) : Exception(message);
