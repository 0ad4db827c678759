namespace Dashop.Web.Tests.Infrastructure;

/// <summary>Waits for something that happens in the background (a consumer, a retry) with a deadline.</summary>
public static class Eventually
{
    public static async Task That(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail("The condition did not become true in time.");
            await Task.Delay(50);
        }
    }

    public static async Task<T> Value<T>(Func<Task<T?>> read, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await read() is { } value)
                return value;
            if (DateTime.UtcNow > deadline)
                Assert.Fail("The value did not appear in time.");
            await Task.Delay(50);
        }
    }
}
