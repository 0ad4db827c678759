namespace Dashop.Contracts;

/// <summary>
/// Asks a consumer to tell an account's confirmed address that something changed on the account. <paramref name="Kind"/> is
/// password-changed, phone-changed, email-changed or account-deleted (also the delivery's purpose); <paramref name="Detail"/>
/// is what the e-mail may name of the change, masked (the new phone or address), or null. <paramref name="RememberRecipient"/>
/// is false for the last e-mail to a deleted account, whose delivery record then keeps no recipient.
/// </summary>
public sealed record SendAccountNotice(Guid DeliveryId, string To, string UserName, string Kind, string? Detail, DateTimeOffset At,
    string Culture, bool RememberRecipient = true);
