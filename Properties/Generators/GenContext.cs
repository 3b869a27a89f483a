using Harness.Properties.Oracle;

namespace Harness.Properties.Generators;

/// <summary>
/// What the command generators of one configuration may read: its geometry (the oracle's), its memory
/// layout, and the layer's generator set built from them. Nothing else of a configuration reaches a
/// generator, which is what lets <see cref="CommandGenerators"/> share one generator between
/// configurations that agree on these.
/// </summary>
public sealed class GenContext
{
    public GenContext(HarnessConfig config)
    {
        Geometry = new SpecGeometry((int)config.Granule, config.IaBits);
        Shapes = new Shapes(Geometry);
        if (config.Layer == Layer.Stage2)
        {
            Stage2 = new Stage2Generators(Shapes);
        }
        else
        {
            Host = new HostGenerators(Shapes, config.Memory);
        }
    }

    public SpecGeometry Geometry { get; }

    public Shapes Shapes { get; }

    public Stage2Generators? Stage2 { get; }

    public HostGenerators? Host { get; }
}
