import NetKitCNI
import NetKitCNIPlugins

CNIPluginRunner.main(PTPPlugin())
