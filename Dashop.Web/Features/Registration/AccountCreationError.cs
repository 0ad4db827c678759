namespace Dashop.Web.Features.Registration;

public enum AccountCreationError
{
    None,

    /// <summary>Identity refused a field (its password validators, say); the result's field says which.</summary>
    InvalidField,

    /// <summary>The username or phone belongs to another account.</summary>
    Taken,

    /// <summary>The caller's step in the transaction refused (the provider account to link was linked to another account first).</summary>
    LinkRefused,

    /// <summary>Every password-hashing slot stayed busy: nothing was created; try again.</summary>
    Busy,
}
