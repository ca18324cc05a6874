using Microsoft.Extensions.Logging.Abstractions;
using PortOne.Checkout.Database;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Admin;

/// <summary>A fresh database with every migration applied, for queries tested without the web host.</summary>
public sealed class MigratedDatabase : IAsyncLifetime
{
    private readonly TempDatabase _file = new();

    public Db Db { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Db = _file.NewDb();
        await new Migrator(Db, TimeProvider.System, NullLogger<Migrator>.Instance).MigrateAsync();
    }

    public Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }
}
