import "./zk";
import "./wallet";
