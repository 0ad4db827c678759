namespace Dashop.Web.Features.Registration;

/// <summary>
/// An account moved over from another site (import-dadashop), its fields already checked: it brings its own legacy
/// password hash and creation time instead of a password.
/// </summary>
public sealed record ImportedAccount(long LegacyId, string Username, string LegacyPasswordHash, string PhoneE164, string? Email, bool EmailConfirmed, DateTime CreatedAtUtc);
