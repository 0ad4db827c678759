using Dashop.Web.Infrastructure.Data;

namespace Dashop.Web.Features.Registration;

public sealed record RegistrationResult(DashopUser? User, RegistrationError Error, FieldError? Field = null)
{
    public bool Succeeded => Error == RegistrationError.None;

    /// <summary>Every field problem found, <see cref="Field"/> among them; a page lists them all at once.</summary>
    public IReadOnlyList<FieldError> Fields { get => field ?? (Field is null ? [] : [Field]); init; }

    public static RegistrationResult Fail(RegistrationError error, string field, string message) =>
        new(null, error, new FieldError(field, message));

    /// <summary>What <see cref="AccountCreator.CreateAsync"/> did, as a registration's answer.</summary>
    public static RegistrationResult From(AccountCreationResult created) => created.Succeeded
        ? new RegistrationResult(created.User, RegistrationError.None)
        : new RegistrationResult(null, created.Error switch
        {
            AccountCreationError.Taken => RegistrationError.Taken,
            AccountCreationError.LinkRefused => RegistrationError.LinkRefused,
            AccountCreationError.Busy => RegistrationError.Busy,
            _ => RegistrationError.InvalidField,
        }, created.Field);
}
