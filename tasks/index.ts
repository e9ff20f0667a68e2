import "./zk";
import "./wallet";
import "./deploy";
