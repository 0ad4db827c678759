namespace Dashop.Web.Infrastructure.Security;

/// <summary>No hashing slot came free within <see cref="SecurityOptions.PasswordHashWait"/>: the caller answers "busy, try again".</summary>
public sealed class PasswordHashBusyException() : Exception("Every password-hashing slot stayed busy.");
