using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Infrastructure.Security;

/// <summary>Derives one independent key per purpose from the configured root secret (HKDF-SHA256).</summary>
public sealed class AppSecrets(IOptions<JwtOptions> options)
{
    private readonly byte[] _root = Encoding.UTF8.GetBytes(options.Value.SigningKey);
    private readonly ConcurrentDictionary<string, byte[]> _derived = new(StringComparer.Ordinal);

    public byte[] JwtKey => _root;

    /// <summary>The key for <paramref name="purpose"/>, derived once (scoped services ask on every request). Do not modify it.</summary>
    public byte[] DeriveKey(string purpose) =>
        _derived.GetOrAdd(purpose, static (p, root) =>
            HKDF.DeriveKey(HashAlgorithmName.SHA256, root, 32, salt: [], info: Encoding.UTF8.GetBytes("dashop:" + p)), _root);
}
