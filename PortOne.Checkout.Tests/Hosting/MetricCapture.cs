using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace PortOne.Checkout.Tests.Hosting;

/// <summary>
/// Every measurement recorded while it listens. Given an app's <see cref="IMeterFactory"/> it hears only
/// that app's meters, so test apps running in parallel do not add to each other's counts; without one
/// it hears every meter in the process.
/// </summary>
public sealed class MetricCapture : IDisposable
{
    private readonly MeterListener _listener = new();

    public MetricCapture(IMeterFactory? onlyFrom = null)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (onlyFrom is null || ReferenceEquals(instrument.Meter.Scope, onlyFrom))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public ConcurrentQueue<Measured> All { get; } = new();

    /// <summary>Asks the observable instruments (gauges) for their current values.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    public IReadOnlyList<Measured> Of(string instrument) => All.Where(m => m.Instrument == instrument).ToList();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        All.Enqueue(new Measured(instrument.Meter.Name, instrument.Name, value, tags.ToArray()));

    public void Dispose() => _listener.Dispose();
}

public sealed record Measured(string Meter, string Instrument, double Value, IReadOnlyList<KeyValuePair<string, object?>> Tags)
{
    public string? Tag(string key) => Tags.FirstOrDefault(t => t.Key == key).Value?.ToString();
}
