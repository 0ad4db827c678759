using System.Collections.Concurrent;

namespace Dashop.Testing.Ronglian;

/// <summary>The reqIds already accepted: a second request with one of them is answered 160054 and sends nothing.</summary>
public sealed class ReqIdLedger
{
    private readonly ConcurrentDictionary<string, byte> _accepted = new(StringComparer.Ordinal);

    /// <summary>True the first time <paramref name="reqId"/> is seen (the SMS is sent), false for a duplicate.</summary>
    public bool TryAccept(string reqId) => _accepted.TryAdd(reqId, 0);

    public void Clear() => _accepted.Clear();
}
