using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>The scripted answers of one endpoint of a fake provider, in order; after them, the normal ones.</summary>
public sealed class ScriptedAnswers
{
    private readonly ConcurrentQueue<ScriptedAnswer> _queue = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _hung;

    /// <summary>Requests left without an answer so far: the signal that a client's timeout was reached.</summary>
    public int Hung => Volatile.Read(ref _hung);

    /// <summary>Scripted answers not used yet.</summary>
    public int Pending => _queue.Count;

    public void Add(params ScriptedAnswer[] answers)
    {
        foreach (var answer in answers)
            _queue.Enqueue(answer);
    }

    /// <summary>The scripted answer for this request, or null to answer normally. A hanging answer waits until the client gives up or the fake stops.</summary>
    public async Task<IResult?> NextAsync(HttpContext context)
    {
        if (!_queue.TryDequeue(out var answer))
            return null;
        if (answer.Hang)
        {
            Interlocked.Increment(ref _hung);
            try
            {
                await _released.Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
            return Results.Empty;
        }
        return Results.Text(answer.Body ?? "", answer.ContentType, statusCode: answer.Status);
    }

    /// <summary>Lets every hanging request end (when the fake stops).</summary>
    public void Release() => _released.TrySetResult();
}
