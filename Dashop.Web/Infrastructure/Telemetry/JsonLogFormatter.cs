using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Infrastructure.Telemetry;

/// <summary>
/// The <c>json</c> console formatter (<c>Logging:Console:FormatterName=json</c>): the built-in one's fields (EventId,
/// LogLevel, Category, Message, Exception, State, Scopes when <c>IncludeScopes</c>), plus what a log pipeline joins and
/// sorts lines on, at the top of every line: <c>Timestamp</c> (ISO-8601 UTC, <c>2026-12-07T21:36:00.123Z</c>, unless
/// <c>TimestampFormat</c> asks for another) and <c>TraceId</c>/<c>SpanId</c> of the current activity when there is one.
/// The built-in formatter has no option for top-level trace fields (only inside <c>Scopes</c>), hence this one;
/// it takes the built-in's <see cref="JsonConsoleFormatterOptions"/> from <c>Logging:Console:FormatterOptions</c>.
/// </summary>
public sealed class JsonLogFormatter : ConsoleFormatter, IDisposable
{
    /// <summary>ISO-8601 in UTC with milliseconds, as log shippers parse it without a pattern.</summary>
    public const string DefaultTimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private readonly TimeProvider _time;
    private readonly IDisposable? _reload;
    private JsonConsoleFormatterOptions _options;

    public JsonLogFormatter(IOptionsMonitor<JsonConsoleFormatterOptions> options, TimeProvider time) : base(ConsoleFormatterNames.Json)
    {
        _time = time;
        _options = options.CurrentValue;
        _reload = options.OnChange(o => _options = o);
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (logEntry.Exception is null && message is null)
            return;
        var options = _options;
        var output = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(output, options.JsonWriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("Timestamp", Timestamp(options));
            if (Activity.Current is { } activity && activity.IdFormat == ActivityIdFormat.W3C)
            {
                writer.WriteString("TraceId", activity.TraceId.ToHexString());
                writer.WriteString("SpanId", activity.SpanId.ToHexString());
            }
            writer.WriteNumber("EventId", logEntry.EventId.Id);
            writer.WriteString("LogLevel", logEntry.LogLevel.ToString());
            writer.WriteString("Category", logEntry.Category);
            writer.WriteString("Message", message);
            if (logEntry.Exception is { } exception)
            {
                var text = exception.ToString();
                writer.WriteString("Exception", options.JsonWriterOptions.Indented ? text : text.Replace(Environment.NewLine, " ", StringComparison.Ordinal));
            }
            if (logEntry.State is { } state)
            {
                writer.WriteStartObject("State");
                writer.WriteString("Message", state.ToString());
                if (state is IReadOnlyCollection<KeyValuePair<string, object?>> properties)
                {
                    foreach (var property in properties)
                        WriteItem(writer, property);
                }
                writer.WriteEndObject();
            }
            if (options.IncludeScopes && scopeProvider is not null)
            {
                writer.WriteStartArray("Scopes");
                scopeProvider.ForEachScope(static (scope, w) =>
                {
                    if (scope is IReadOnlyCollection<KeyValuePair<string, object?>> items)
                    {
                        w.WriteStartObject();
                        w.WriteString("Message", scope.ToString());
                        foreach (var item in items)
                            WriteItem(w, item);
                        w.WriteEndObject();
                    }
                    else
                    {
                        w.WriteStringValue(Convert.ToString(scope, CultureInfo.InvariantCulture));
                    }
                }, writer);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        textWriter.Write(Encoding.UTF8.GetString(output.WrittenSpan));
        textWriter.Write(Environment.NewLine);
    }

    private string Timestamp(JsonConsoleFormatterOptions options)
    {
        var now = _time.GetUtcNow();
        return options.TimestampFormat is { } format
            ? (options.UseUtcTimestamp ? now : now.ToLocalTime()).ToString(format, CultureInfo.InvariantCulture)
            : now.UtcDateTime.ToString(DefaultTimestampFormat, CultureInfo.InvariantCulture);
    }

    private static void WriteItem(Utf8JsonWriter writer, KeyValuePair<string, object?> item)
    {
        var key = item.Key;
        switch (item.Value)
        {
            case null:
                writer.WriteNull(key);
                break;
            case bool value:
                writer.WriteBoolean(key, value);
                break;
            case int value:
                writer.WriteNumber(key, value);
                break;
            case long value:
                writer.WriteNumber(key, value);
                break;
            case double value when double.IsFinite(value):
                writer.WriteNumber(key, value);
                break;
            case decimal value:
                writer.WriteNumber(key, value);
                break;
            case short or ushort or uint or ulong or byte or sbyte:
                writer.WriteNumber(key, Convert.ToDecimal(item.Value, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteString(key, Convert.ToString(item.Value, CultureInfo.InvariantCulture));
                break;
        }
    }

    public void Dispose() => _reload?.Dispose();
}
