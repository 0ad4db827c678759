namespace Dashop.Web.Infrastructure.Security;

/// <summary>A device that signed in to <paramref name="UserId"/> before (<see cref="KnownDevices"/>).</summary>
public sealed record KnownDevice(string UserId, string Id);
