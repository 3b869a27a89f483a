namespace Harness.Properties.Backends;

/// <summary>One page pool as a backend lays it out: its name, where it starts and how many pages it holds.</summary>
public readonly record struct PoolInfo(string Name, ulong BasePa, int Pages, int PageShift)
{
    public ulong EndPa => BasePa + ((ulong)Pages << PageShift);

    public bool Contains(ulong pa) => pa >= BasePa && pa < EndPa;

    public int PageIndex(ulong pa) => (int)((pa - BasePa) >> PageShift);

    public ulong PageAddress(int index) => BasePa + ((ulong)index << PageShift);
}
