namespace Dashop.Web.Infrastructure.Results;

/// <summary>
/// A problem with one form field: <paramref name="Field"/> is the field's name as <c>AccountFields</c> names it (or a
/// page's own field, such as the account page's new password), <paramref name="Message"/> an English resource key.
/// </summary>
public sealed record FieldError(string Field, string Message);
