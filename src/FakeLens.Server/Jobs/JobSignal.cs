namespace FakeLens.Server.Jobs;

/// <summary>Wakes idle workers when a job is queued, so they need not poll the database often.</summary>
public sealed class JobSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, int.MaxValue);

    /// <summary>A job was queued.</summary>
    public void Notify() => _semaphore.Release();

    /// <summary>Waits for a notification or the timeout.</summary>
    /// <param name="timeout">Longest wait.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>A task.</returns>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);

    /// <inheritdoc/>
    public void Dispose() => _semaphore.Dispose();
}
