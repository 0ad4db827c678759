using System.Security.Cryptography;
using System.Text;
using Dashop.Web.Infrastructure.Security;

namespace Dashop.Web.Features.Deliveries;

/// <summary>
/// The keyed hash under which a delivery remembers its recipient (a phone in E.164, an e-mail address in lower case): a
/// person's deliveries can be found for "download my data" and "delete my account", and nobody reading the table learns a
/// number or an address.
/// </summary>
public sealed class DeliveryRecipients(AppSecrets secrets)
{
    private readonly byte[] _key = secrets.DeriveKey("delivery-recipient");

    public string Key(string recipient) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(recipient.Trim().ToLowerInvariant())));
}
