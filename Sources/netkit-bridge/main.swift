import NetKitCNI
import NetKitCNIPlugins

CNIPluginRunner.main(BridgePlugin())
