using Microsoft.Extensions.Time.Testing;
using PortOne.Checkout.Features.Admin;

namespace PortOne.Checkout.Tests.Admin;

/// <summary>The orders list's queries over a known set of orders: each search, each filter, and cursor paging in each order.</summary>
public class OrderSearchTests(OrderSearchTests.Orders orders) : IClassFixture<OrderSearchTests.Orders>
{
    private static readonly TimeSpan Kst = TimeSpan.FromHours(9);
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 15, 0, 0, Kst);

    /// <summary>137 orders: seven with something to find, and 130 with repeated times and amounts so cursors meet ties.</summary>
    public sealed class Orders : IAsyncLifetime
    {
        private readonly MigratedDatabase _database = new();

        public OrderSearch Search { get; private set; } = null!;

        public List<SeededOrder> All { get; } = [];

        public async Task InitializeAsync()
        {
            await _database.InitializeAsync();
            Search = new OrderSearch(_database.Db, new FakeTimeProvider(Now));
            All.AddRange(
            [
                new("find-merchant-uid", 10_000, Now.AddDays(-1)) { ImpUid = "imp_123456789012" },
                new("find-phone-plain", 11_000, Now.AddDays(-1)) { BuyerTel = "01099998888" },
                new("find-phone-hyphens", 12_000, Now.AddDays(-1)) { BuyerTel = "010-7777-6666", BuyerName = "이서준", BuyerEmail = "Seojun.Lee@Example.com" },
                new("find-late-on-the-1st", 13_000, new DateTimeOffset(2026, 11, 1, 23, 59, 59, Kst)) { PayMethod = "vbank" },
                new("find-early-on-the-2nd", 14_000, new DateTimeOffset(2026, 11, 2, 0, 0, 0, Kst)) { Status = "refunded" },
                new("find-stuck", 15_000, Now.AddMinutes(-11)) { Status = "pending", Flag = "amount mismatch" },
                new("find-not-yet-stuck", 16_000, Now.AddMinutes(-9)) { Status = "pending" },
            ]);
            var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, Kst);
            All.AddRange(Enumerable.Range(0, 130).Select(i => new SeededOrder($"fill-{i:000}", 1_000 + i % 7 * 1_000, start.AddMinutes(i / 3))
            {
                Status = i % 5 == 0 ? "awaiting_deposit" : "paid",
                PayMethod = i % 2 == 0 ? "card" : "kakaopay",
            }));
            await SeededOrder.InsertAllAsync(_database.Db, All);
        }

        public Task DisposeAsync() => _database.DisposeAsync();
    }

    private async Task<List<string>> FindAsync(OrderFilter filter) =>
        [.. (await orders.Search.PageAsync(filter, null)).Rows.Select(r => r.MerchantUid)];

    [Theory]
    [InlineData("find-merchant-uid", "find-merchant-uid")]
    [InlineData("imp_123456789012", "find-merchant-uid")]
    [InlineData("이서준", "find-phone-hyphens")]
    [InlineData("seojun.lee@example.com", "find-phone-hyphens")]
    [InlineData("010-9999-8888", "find-phone-plain")]
    [InlineData("01077776666", "find-phone-hyphens")]
    [InlineData("010 7777 6666", "find-phone-hyphens")]
    public async Task Each_kind_of_key_finds_its_order(string search, string merchantUid)
    {
        Assert.Equal([merchantUid], await FindAsync(new OrderFilter { Search = search }));
    }

    [Fact]
    public async Task A_search_matches_whole_keys_only()
    {
        Assert.Empty(await FindAsync(new OrderFilter { Search = "find" }));
        Assert.Empty(await FindAsync(new OrderFilter { Search = "7777" }));
    }

    [Fact]
    public async Task A_date_range_is_whole_korean_days()
    {
        var filter = new OrderFilter { From = new DateOnly(2026, 11, 2), To = new DateOnly(2026, 11, 2) };

        Assert.Equal(["find-early-on-the-2nd"], await FindAsync(filter));
        Assert.Equal(["find-late-on-the-1st"], await FindAsync(filter with { From = new DateOnly(2026, 11, 1), To = new DateOnly(2026, 11, 1) }));
    }

    [Fact]
    public async Task Status_method_flagged_and_stuck_each_narrow_the_list()
    {
        Assert.Equal(["find-early-on-the-2nd"], await FindAsync(new OrderFilter { Status = "refunded" }));
        Assert.Equal(["find-late-on-the-1st"], await FindAsync(new OrderFilter { PayMethod = "vbank" }));
        Assert.Equal(["find-stuck"], await FindAsync(new OrderFilter { Flagged = true }));
        Assert.Equal(["find-stuck"], await FindAsync(new OrderFilter { Stuck = true }));
        Assert.Equal(13, (await orders.Search.TotalsAsync(new OrderFilter { Status = "awaiting_deposit", PayMethod = "card" })).Count);
    }

    [Fact]
    public async Task Totals_count_and_add_up_every_matching_order()
    {
        var totals = await orders.Search.TotalsAsync(new OrderFilter { PayMethod = "kakaopay" });

        var expected = orders.All.Where(o => o.PayMethod == "kakaopay").ToList();
        Assert.Equal((expected.Count, expected.Sum(o => o.Amount)), (totals.Count, totals.Amount));
    }

    [Theory]
    [InlineData(OrderSort.Newest)]
    [InlineData(OrderSort.Oldest)]
    [InlineData(OrderSort.Largest)]
    [InlineData(OrderSort.Smallest)]
    public async Task Following_the_cursors_visits_every_order_once_in_order_and_going_back_retraces_the_pages(OrderSort sort)
    {
        var filter = new OrderFilter { Sort = sort };
        var pages = new List<OrderPage> { await orders.Search.PageAsync(filter, null) };
        while (pages[^1].HasNext)
        {
            pages.Add(await orders.Search.PageAsync(filter, OrderSearch.CursorAfter(pages[^1].Rows[^1], sort)));
        }
        var back = new List<OrderPage> { pages[^1] };
        while (back[^1].HasPrevious)
        {
            back.Add(await orders.Search.PageAsync(filter, OrderSearch.CursorAfter(back[^1].Rows[0], sort, backward: true)));
        }

        var seen = pages.SelectMany(p => p.Rows).ToList();
        var expected = sort switch
        {
            OrderSort.Newest => seen.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id),
            OrderSort.Oldest => seen.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id),
            OrderSort.Largest => seen.OrderByDescending(r => r.Amount).ThenByDescending(r => r.Id),
            _ => seen.OrderBy(r => r.Amount).ThenBy(r => r.Id),
        };
        Assert.Equal([50, 50, 37], pages.Select(p => p.Rows.Count));
        Assert.Equal(orders.All.Count, seen.Select(r => r.Id).Distinct().Count());
        Assert.Equal(expected.Select(r => r.Id), seen.Select(r => r.Id));
        Assert.False(pages[0].HasPrevious);
        back.Reverse();
        Assert.Equal(pages.Select(p => p.Rows.Select(r => r.Id).ToList()), back.Select(p => p.Rows.Select(r => r.Id).ToList()));
    }
}
