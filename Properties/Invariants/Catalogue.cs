namespace Harness.Properties.Invariants;

/// <summary>Every invariant the runner checks after every command, in the order it checks them.</summary>
public static class Catalogue
{
    /// <summary>Adding an invariant: one class in this folder, one line here, one test with the bug it catches.</summary>
    public static IReadOnlyList<IInvariant> All { get; } =
    [
        new NoUseAfterFree(),
        new EveryChangeLogged(),
        new TreeShape(),
        new WellFormedLeaves(),
        new AnnotationsPageSized(),
        new RefcountConsistency(),
        new PoolAccounting(),
        new OwnershipAgreesWithModel(),
        new HostIsolation(),
        new IdentityMapping(),
        new HostAttributes(),
        new AnnotationsInMemoryOnly(),
        new HypMapsOnlyDonatedPages(),
        new BreakBeforeMake(),
        new NoMaintenanceWithoutChange(),
        new TablesFreedAfterInvalidation(),
        new WritesInsideWalk(),
    ];

    /// <summary>The invariant named <paramref name="name"/> (its class name or its claim), or null.</summary>
    public static IInvariant? Find(string name) =>
        All.FirstOrDefault(i => i.GetType().Name.Equals(name, StringComparison.OrdinalIgnoreCase) || i.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
