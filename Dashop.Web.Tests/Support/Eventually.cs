namespace Dashop.Web.Tests.Support;

/// <summary>Waits for something that happens in the background (a consumer, a retry, a server starting) with a deadline.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task That(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        if (!await Within(timeout ?? DefaultTimeout, condition))
            Assert.Fail("The condition did not become true in time.");
    }

    public static async Task<T> Value<T>(Func<Task<T?>> read, TimeSpan? timeout = null) where T : class
    {
        T? value = null;
        if (!await Within(timeout ?? DefaultTimeout, async () => (value = await read()) is not null))
            Assert.Fail("The value did not appear in time.");
        return value!;
    }

    /// <summary>
    /// Polls <paramref name="condition"/>: true once it holds; false when the deadline passes or <paramref name="hopeless"/>
    /// says it never will (a server process that exited), so that the caller can fail with what it knows.
    /// </summary>
    public static async Task<bool> Within(TimeSpan timeout, Func<Task<bool>> condition, Func<bool>? hopeless = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline || hopeless?.Invoke() == true)
                return false;
            await Task.Delay(50);
        }
        return true;
    }
}
