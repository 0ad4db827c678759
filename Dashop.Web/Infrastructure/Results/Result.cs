namespace Dashop.Web.Infrastructure.Results;

/// <summary>
/// What an action did: succeeded, or the <see cref="Failure"/> that stopped it with the fields at fault. The one result
/// shape of every service (with a value: <see cref="Result{T}"/>).
/// </summary>
public sealed record Result
{
    public static Result Ok { get; } = new();

    /// <summary>Null when the action happened.</summary>
    public Failure? Failure { get; init; }

    /// <summary>Every field at fault, in form order; a page shows them all at once.</summary>
    public IReadOnlyList<FieldError> Errors { get; init; } = [];

    /// <summary>For <see cref="Results.Failure.Limited"/>: when trying again can work, where known.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>What a remote provider said when it refused (its error code), or which store did not answer: for logs and for an edge that names it apart; never shown to a person.</summary>
    public string? Detail { get; init; }

    public bool Succeeded => Failure is null;

    /// <summary>The first field at fault, if any.</summary>
    public FieldError? Error => Errors.Count > 0 ? Errors[0] : null;

    public static Result Fail(Failure failure, params IReadOnlyList<FieldError> errors) => new() { Failure = failure, Errors = errors };

    /// <summary>A remote service's refusal (<see cref="Results.Failure.Refused"/>) or silence (<see cref="Results.Failure.Unavailable"/>), with what it said.</summary>
    public static Result Remote(Failure failure, string? detail) => new() { Failure = failure, Detail = detail };

    /// <summary>Fields that are not acceptable: <see cref="Results.Failure.Invalid"/>.</summary>
    public static Result Invalid(params IReadOnlyList<FieldError> errors) => Fail(Results.Failure.Invalid, errors);

    public static Result Invalid(string field, string message) => Invalid(new FieldError(field, message));

    public static Result Limited(TimeSpan? retryAfter = null, params IReadOnlyList<FieldError> errors) =>
        new() { Failure = Results.Failure.Limited, RetryAfter = retryAfter, Errors = errors };

    /// <summary>The same failure, moved to another form field (a shared routine's answer on a page's own field).</summary>
    public Result OnField(string field) => this with { Errors = [.. Errors.Select(e => e with { Field = field })] };
}

/// <summary>What an action did, with its value when it succeeded. A failed <see cref="Result"/> converts to any <c>Result&lt;T&gt;</c>.</summary>
public sealed record Result<T>
{
    /// <summary>Set when <see cref="Succeeded"/>.</summary>
    public T? Value { get; init; }

    public Failure? Failure { get; init; }

    public IReadOnlyList<FieldError> Errors { get; init; } = [];

    public TimeSpan? RetryAfter { get; init; }

    public string? Detail { get; init; }

    public bool Succeeded => Failure is null;

    public FieldError? Error => Errors.Count > 0 ? Errors[0] : null;

    public static implicit operator Result<T>(T value) => new() { Value = value };

    /// <summary>A failed <see cref="Result"/> as a result with no value; a succeeded one cannot give a value.</summary>
    public static implicit operator Result<T>(Result failed) => failed.Succeeded
        ? throw new InvalidOperationException("A succeeded result has no value of type " + typeof(T).Name + ".")
        : new() { Failure = failed.Failure, Errors = failed.Errors, RetryAfter = failed.RetryAfter, Detail = failed.Detail };

    /// <summary>The failure without the value type (to pass a failure on from another result type).</summary>
    public Result WithoutValue() => Succeeded ? Result.Ok : new() { Failure = Failure, Errors = Errors, RetryAfter = RetryAfter, Detail = Detail };
}
