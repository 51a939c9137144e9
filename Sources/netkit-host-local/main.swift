import NetKitCNI
import NetKitCNIPlugins

CNIPluginRunner.main(HostLocalPlugin())
